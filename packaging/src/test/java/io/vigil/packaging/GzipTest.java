package io.vigil.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 100, 8191, 8192, 70_000})
  void roundTripsThroughTheJdkReaderAndHasADebianStyleHeader(int size) throws IOException {
    Random random = new Random(8L + size);
    byte[] data = new byte[size];
    // half text-like (compressible), half random bytes
    for (int i = 0; i < size; i++) {
      data[i] = i % 2 == 0 ? (byte) ('a' + random.nextInt(4)) : (byte) random.nextInt();
    }
    byte[] gz = Gzip.compress(data);

    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(gz[0] & 0xff).isEqualTo(0x1f);
    assertThat(gz[1] & 0xff).isEqualTo(0x8b);
    assertThat(gz[Gzip.CM_OFFSET]).isEqualTo((byte) 8);
    assertThat(gz[Gzip.FLG_OFFSET]).as("no name, no comment, no extra field").isZero();
    for (int i = 0; i < 4; i++) {
      assertThat(gz[Gzip.MTIME_OFFSET + i]).as("no time stamp").isZero();
    }
    assertThat(gz[Gzip.XFL_OFFSET]).as("best compression").isEqualTo((byte) 2);
    assertThat(gz[Gzip.OS_OFFSET]).as("Unix").isEqualTo((byte) 3);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void theSameInputGivesTheSameBytes(int seed) {
    byte[] data = new byte[5000];
    new Random(seed).nextBytes(data);
    assertThat(Gzip.compress(data)).isEqualTo(Gzip.compress(data.clone()));
  }
}
