package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.FileCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckerTest {
  @TempDir Path dir;

  private FileChecker checker(String name, int weight, boolean reverse) {
    return new FileChecker(
        new FileCheckSpec(
            dir.resolve(name), weight, reverse, TestSpecs.timing(CheckerKind.FILE_CHECK)),
        Runnable::run);
  }

  @Test
  void numbersAreReadLikeStrtolWithBaseZero() {
    assertThat(FileChecker.strtol("42\n")).isEqualTo(42L);
    assertThat(FileChecker.strtol("  -7 apples")).isEqualTo(-7L);
    assertThat(FileChecker.strtol("0x1f")).isEqualTo(31L);
    assertThat(FileChecker.strtol("010")).isEqualTo(8L);
    assertThat(FileChecker.strtol("0")).isEqualTo(0L);
    assertThat(FileChecker.strtol("up")).isEqualTo(0L);
    assertThat(FileChecker.strtol("")).isEqualTo(0L);
    assertThat(FileChecker.strtol("99999999999999999999")).isNull();
  }

  @Test
  void weightZeroMakesAnyNonZeroValueAFailureAndReverseTurnsThatAround() {
    assertThat(checker("f", 0, false).judge(0)).isEqualTo(CheckResult.upAdjusting(0, "f reads 0"));
    assertThat(checker("f", 0, false).judge(3)).isEqualTo(CheckResult.down("f reads 3"));
    assertThat(checker("f", 0, true).judge(0)).isEqualTo(CheckResult.down("f reads 0"));
    assertThat(checker("f", 0, true).judge(3).up()).isTrue();
  }

  @Test
  void otherwiseValueTimesWeightIsAddedAndTheBottomOfTheRangeIsAFailure() {
    assertThat(checker("f", 2, false).judge(5)).isEqualTo(CheckResult.upAdjusting(10, "f reads 5"));
    assertThat(checker("f", 2, true).judge(5)).isEqualTo(CheckResult.upAdjusting(-10, "f reads 5"));
    assertThat(checker("f", 1, false).judge(Integer.MIN_VALUE).up()).isFalse();
    assertThat(checker("f", 1, false).judge(Integer.MAX_VALUE + 1L))
        .isEqualTo(CheckResult.upAdjusting(Integer.MAX_VALUE, "f reads 2147483648"));
  }

  @Test
  void theFileIsReadAndAMissingFileReadsZero() throws Exception {
    FileChecker c = checker("state", 3, false);
    assertThat(once(c)).isEqualTo(CheckResult.upAdjusting(0, "state reads 0"));
    Files.writeString(dir.resolve("state"), "4\n");
    assertThat(once(c)).isEqualTo(CheckResult.upAdjusting(12, "state reads 4"));
    // out of range: ignored, the last value stands
    Files.writeString(dir.resolve("state"), "99999999999\n");
    assertThat(once(c)).isEqualTo(CheckResult.upAdjusting(12, "state reads 4"));
    // only the first 127 bytes count
    Files.writeString(dir.resolve("state"), " ".repeat(200) + "9");
    assertThat(once(c)).isEqualTo(CheckResult.upAdjusting(0, "state reads 0"));
  }
}
