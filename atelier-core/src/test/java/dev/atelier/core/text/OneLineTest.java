package dev.atelier.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneLineTest {
    @Test
    void everyLineBreakWithItsBlanksBecomesOneSpace() {
        assertThat(OneLine.of("  cannot read\n   at line 3\r\n\tcolumn 4 \u2028end  ")).isEqualTo("cannot read at line 3 column 4 end");
        assertThat(OneLine.of("one line already")).isEqualTo("one line already");
        assertThat(OneLine.of(null)).isEmpty();
    }
}
