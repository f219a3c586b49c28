package dev.atelier.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SizeLimitTest {
    private static final SizeLimit LIMIT = new SizeLimit("atelier.test.limit", "ATELIER_TEST_LIMIT_UNSET", 42);

    @AfterEach
    void clear() {
        System.clearProperty("atelier.test.limit");
    }

    @Test
    void defaultPropertyAndSuffixes() {
        assertThat(LIMIT.value()).isEqualTo(42);
        assertThat(LIMIT.isOverridden()).isFalse();
        System.setProperty("atelier.test.limit", "8g");
        assertThat(LIMIT.value()).isEqualTo(8L << 30);
        System.setProperty("atelier.test.limit", " 512K ");
        assertThat(LIMIT.value()).isEqualTo(512L << 10);
        assertThat(LIMIT.howToChange()).isEqualTo("set ATELIER_TEST_LIMIT_UNSET or -Datelier.test.limit");
    }

    @Test
    void nonsenseIsAnInputErrorNotIgnored() {
        for (String bad : new String[] {"-1", "0", "abc", "99999999999t", "1.5g"}) {
            System.setProperty("atelier.test.limit", bad);
            assertThatThrownBy(LIMIT::value).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("system property atelier.test.limit is '" + bad + "'");
        }
    }
}
