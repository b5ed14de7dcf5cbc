package io.vigil.director.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesNestedValuesInOrderWithEscapes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\u0001");
    m.put("n", 42);
    m.put("d", 0.5);
    m.put("b", true);
    m.put("z", null);
    m.put("l", Arrays.asList(1, "x", null));
    m.put("inf", Double.POSITIVE_INFINITY);
    assertThat(Json.write(m))
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":42,\"d\":0.5,\"b\":true,\"z\":null,"
                + "\"l\":[1,\"x\",null],\"inf\":null}");
    assertThat(Json.write(List.of())).isEqualTo("[]");
  }
}
