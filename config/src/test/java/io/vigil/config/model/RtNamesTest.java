package io.vigil.config.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Numbers and names as keepalived 2.2.7 reads them for routes and rules (lib/rttables.c). The
 * numbers were checked with keepalived's own dump ({@code keepalived -n -d -P}): {@code table 010
 * tos 010} prints {@code tos 8 … table 8}, {@code realms 0x10/010} prints {@code realms 16/8}, and
 * {@code tos AF11} (Debian's rt_dsfield) prints {@code tos 40}.
 */
class RtNamesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "10, 10",
    "010, 8",
    "0, 0",
    "00, 0",
    "0x10, 16",
    "0X1f, 31",
    "4294967295, 4294967295",
    "0xffffffff, 4294967295",
    "037777777777, 4294967295"
  })
  void aNumberIsReadAsStrtoulReadsIt(String word, long value) {
    assertThat(RtNames.strtoul(word)).isEqualTo(value);
  }

  @ParameterizedTest
  @CsvSource({"08", "0x", "1a", "-1", "+1", "' 1'", "4294967296", "0x100000000", "''"})
  void anythingElseIsNotANumber(String word) {
    assertThat(RtNames.strtoul(word)).isNull();
  }

  @Test
  void aNumberAboveTheFilesMaximumIsRefusedNotLookedUp() throws IOException {
    Files.writeString(dir.resolve("rt_dsfield"), "0x10 256\n");
    assertThat(RtNames.DSFIELD.find("255", dir)).isEqualTo(255);
    assertThat(RtNames.DSFIELD.find("256", dir)).isNull();
    assertThat(RtNames.DSFIELD.find("0400", dir)).isNull();
  }

  @Test
  void aNameIsTheFirstLineOfTwoWordsThatNamesIt() throws IOException {
    Files.writeString(
        dir.resolve("rt_dsfield"),
        String.join(
            "\n",
            "# Differentiated field values",
            "0x0\tdefault",
            "0x28\tAF11",
            "0x30 AF12 extra", // three words: not an entry
            "0x400 big", // above 255: skipped
            "-1 minus", // a sign: skipped
            "48 AF12",
            "0x38 AF13 # a comment ends the line",
            "0x50 AF11", // a later line for the same name does not count
            "! 0x60 bang"));
    assertThat(RtNames.DSFIELD.find("AF11", dir)).isEqualTo(0x28);
    assertThat(RtNames.DSFIELD.find("AF12", dir)).isEqualTo(48);
    assertThat(RtNames.DSFIELD.find("AF13", dir)).isEqualTo(0x38);
    assertThat(RtNames.DSFIELD.find("default", dir)).isZero();
    assertThat(RtNames.DSFIELD.find("big", dir)).isNull();
    assertThat(RtNames.DSFIELD.find("minus", dir)).isNull();
    assertThat(RtNames.DSFIELD.find("extra", dir)).isNull();
    assertThat(RtNames.DSFIELD.find("bang", dir)).isNull();
    assertThat(RtNames.DSFIELD.find("af11", dir)).as("names are case sensitive").isNull();
  }

  @Test
  void keepalivedsDefaultsNameOnlyTheNumbersTheFileDoesNot() throws IOException {
    assertThat(RtNames.TABLES.find("main", dir)).as("no file").isEqualTo(254);
    assertThat(RtNames.TABLES.find("isp1", dir)).isNull();
    Files.writeString(dir.resolve("rt_tables"), "100 isp1\n254 primary\n");
    assertThat(RtNames.TABLES.find("isp1", dir)).isEqualTo(100);
    assertThat(RtNames.TABLES.find("primary", dir)).isEqualTo(254);
    assertThat(RtNames.TABLES.find("main", dir)).as("254 is named by the file").isNull();
    assertThat(RtNames.TABLES.find("local", dir)).isEqualTo(255);
    assertThat(RtNames.PROTOCOLS.find("none", dir)).isZero();
    assertThat(RtNames.PROTOCOLS.find("bgp", dir)).as("not one of keepalived's").isNull();
    assertThat(RtNames.REALMS.find("cosmos", dir)).isNull();
  }

  /**
   * keepalived -t on an address and a route: {@code scope 0x10} and {@code 010} accepted, {@code
   * universe} and {@code 256} refused ("Invalid scope 'universe' specified", "Scope universe not
   * found or invalid for route").
   */
  @Test
  void scopesAreLookedUpTheSameWay() throws IOException {
    assertThat(RtNames.SCOPES.find("0x10", dir)).isEqualTo(16);
    assertThat(RtNames.SCOPES.find("010", dir)).isEqualTo(8);
    assertThat(RtNames.SCOPES.find("link", dir)).isEqualTo(253);
    assertThat(RtNames.SCOPES.find("universe", dir)).isNull();
    assertThat(RtNames.SCOPES.find("256", dir)).isNull();
    Files.writeString(dir.resolve("rt_scopes"), "0 global\n255 nowhere\n200 campus\n");
    assertThat(RtNames.SCOPES.find("campus", dir)).isEqualTo(200);
    assertThat(RtNames.SCOPES.find("site", dir)).as("200 is named by the file").isNull();
    assertThat(RtNames.SCOPES.find("host", dir)).isEqualTo(254);
  }

  @Test
  void eachFileHasItsMaximum() {
    assertThat(RtNames.TABLES.find("0xffffffff", dir)).isEqualTo(0xffff_ffffL);
    assertThat(RtNames.GROUP.find("0x7fffffff", dir)).isEqualTo(Integer.MAX_VALUE);
    assertThat(RtNames.GROUP.find("0x80000000", dir)).isNull();
    assertThat(RtNames.REALMS.find("0377", dir)).isEqualTo(255);
    assertThat(RtNames.REALMS.find("0400", dir)).isNull();
    assertThat(RtNames.PROTOCOLS.find("256", dir)).isNull();
  }
}
