package dev.atelier.core.weights.pickle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.core.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pickles here were written by CPython 3's {@code pickle.dumps} (hex below), so they are an
 * independent truth for what each opcode means.
 */
class SafeUnpicklerTest {
    /**
     * {@code {'a': [1, -2, 3.5, None, True, False, 300, 70000], 'b': (1 << 70, -(1 << 65), 'é'),
     * 'c': OrderedDict([('k', 1)])}} in protocols 0, 2 and 4.
     */
    private static final String PROTOCOL_0 = "286470300a56610a70310a286c70320a49310a61492d320a6146332e350a614e614930310a61"
            + "4930300a61493330300a614937303030300a617356620a70330a284c31313830353931363230373137343131333033"
            + "3432344c0a4c2d33363839333438383134373431393130333233324c0a56e90a70340a7470350a7356630a70360a63"
            + "636f6c6c656374696f6e730a4f726465726564446963740a70370a28745270380a566b0a70390a49310a73732e";
    private static final String PROTOCOL_2 = "80027d71002858010000006171015d7102284b014afeffffff47400c0000000000004e88894d"
            + "2c014a701101006558010000006271038a090000000000000000408a090000000000000000fe5802000000c3a97104"
            + "877105580100000063710663636f6c6c656374696f6e730a4f726465726564446963740a71072952710858010000"
            + "006b71094b0173752e";
    private static final String PROTOCOL_4 = "80049575000000000000007d94288c0161945d94284b014afeffffff47400c0000000000004e"
            + "88894d2c014a70110100658c0162948a090000000000000000408a090000000000000000fe8c02c3a99487948c0163"
            + "948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c016b944b0173752e";

    /** {@code os.system('touch /tmp/pwned')} via {@code __reduce__}, protocol 2: GLOBAL posix.system, REDUCE. */
    private static final String EVIL_PROTOCOL_2 =
            "800263706f7369780a73797374656d0a71005810000000746f756368202f746d702f70776e656471018571025271032e";

    private static final PickleWhitelist ORDERED_DICT_ONLY = (module, name) -> {
        if (module.equals("collections") && name.equals("OrderedDict")) {
            return (PickleCallable) args -> new LinkedHashMap<>();
        }
        throw PickleWhitelist.refuse(module, name);
    };

    @ParameterizedTest
    @ValueSource(strings = {PROTOCOL_0, PROTOCOL_2, PROTOCOL_4})
    void readsDataInEveryProtocol(String hex) throws IOException {
        Object v = load(HexFormat.of().parseHex(hex), ORDERED_DICT_ONLY);

        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<Object, Object> m = (Map<Object, Object>) v;
        assertThat(new ArrayList<>(m.keySet())).containsExactly("a", "b", "c");
        assertThat(new ArrayList<Object>((List<?>) m.get("a")))
                .containsExactly(1L, -2L, 3.5, null, true, false, 300L, 70000L);
        assertThat(new ArrayList<Object>((List<?>) m.get("b")))
                .containsExactly(BigInteger.ONE.shiftLeft(70), BigInteger.ONE.shiftLeft(65).negate(), "é");
        assertThat(new LinkedHashMap<Object, Object>((Map<?, ?>) m.get("c"))).containsExactly(Map.entry("k", 1L));
    }

    @Test
    void decodesProtocol0UnicodeEscapes() throws IOException {
        // pickle.dumps('a\u4e2d', protocol=0)
        assertThat(load(HexFormat.of().parseHex("56615c75346532640a70300a2e"), ORDERED_DICT_ONLY))
                .isEqualTo("a\u4e2d");
    }

    @Test
    void refusesACallToOsSystemBeforeAnythingRuns() {
        AtomicInteger calls = new AtomicInteger();
        PickleWhitelist counting = (module, name) -> {
            calls.incrementAndGet();
            return ORDERED_DICT_ONLY.resolve(module, name);
        };
        assertThatThrownBy(() -> load(HexFormat.of().parseHex(EVIL_PROTOCOL_2), counting))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("refusing to load posix.system: weight files may only contain tensors");
        assertThat(calls).hasValue(1);
    }

    @Test
    void refusesClassInstantiationOpcodes() {
        // INST: protocol 0 builds an instance of a class named inline, without GLOBAL.
        byte[] inst = "(ibuiltins\neval\n.".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> load(inst, ORDERED_DICT_ONLY))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refusing to load builtins.eval");
        // NEWOBJ on a whitelisted class still instantiates through __new__: refused too.
        byte[] newobj = concat(new byte[] {(byte) 0x80, 2}, "ccollections\nOrderedDict\n)".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0x81, '.'});
        assertThatThrownBy(() -> load(newobj, ORDERED_DICT_ONLY))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NEWOBJ");
    }

    @Test
    void refusesStackGlobalNotOnTheWhitelist() {
        // Protocol 4 STACK_GLOBAL names the callable with two strings from the stack.
        byte[] p = concat(new byte[] {(byte) 0x80, 4, (byte) 0x8c, 8}, "builtins".getBytes(StandardCharsets.US_ASCII),
                new byte[] {(byte) 0x8c, 4}, "exec".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x93, '.'});
        assertThatThrownBy(() -> load(p, ORDERED_DICT_ONLY))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("refusing to load builtins.exec: weight files may only contain tensors");
    }

    @Test
    void reportsTruncatedPickles() {
        byte[] whole = HexFormat.of().parseHex(PROTOCOL_2);
        for (int cut : new int[] {1, 10, whole.length - 1}) {
            assertThatThrownBy(() -> load(Arrays.copyOf(whole, cut), ORDERED_DICT_ONLY))
                    .as("cut at %d", cut)
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(InvalidInputException.class),
                            e -> assertThat(e).isInstanceOf(java.io.EOFException.class));
        }
    }

    @Test
    void stopsAtStopLeavingTheRestOfTheStream() throws IOException {
        // Two pickles back to back, as the legacy .pth format stores them: K 7 . then K 9 .
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[] {'K', 7, '.', 'K', 9, '.', 42});
        assertThat(new SafeUnpickler(in, ORDERED_DICT_ONLY, pid -> pid).load()).isEqualTo(7L);
        assertThat(new SafeUnpickler(in, ORDERED_DICT_ONLY, pid -> pid).load()).isEqualTo(9L);
        assertThat(in.read()).isEqualTo(42);
    }

    private static Object load(byte[] bytes, PickleWhitelist whitelist) throws IOException {
        return new SafeUnpickler(new ByteArrayInputStream(bytes), whitelist, pid -> {
            throw new InvalidInputException("no persistent ids here");
        }).load();
    }

    private static byte[] concat(byte[]... parts) {
        List<Byte> all = new ArrayList<>();
        for (byte[] p : parts) {
            for (byte b : p) {
                all.add(b);
            }
        }
        byte[] out = new byte[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }
}
