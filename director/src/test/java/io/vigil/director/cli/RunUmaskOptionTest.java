package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vigil run -u MASK}, read as keepalived 2.2.7 reads its {@code --umask} (strtoll, base 0).
 */
class RunUmaskOptionTest {
  @ParameterizedTest
  @CsvSource({
    "077, 63",
    "0177, 127",
    "77, 77",
    "0x3f, 63",
    "0X3F, 63",
    "0, 0",
    "0777, 511",
    "511, 511",
    "08, -1",
    "0x, -1",
    "512, -1",
    "01000, -1",
    "-1, -1",
    "IWGRP, -1",
    "7a, -1",
    "99999999999999999999, -1"
  })
  void numbersInCsBaseZeroWithin0777(String text, int mask) {
    assertThat(RunCommand.umask(text)).isEqualTo(mask);
  }
}
