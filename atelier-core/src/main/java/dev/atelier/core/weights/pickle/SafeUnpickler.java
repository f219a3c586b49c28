package dev.atelier.core.weights.pickle;

import dev.atelier.core.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A pickle reader that builds plain data and never runs code from the file.
 *
 * <p>Python's {@code pickle} is a small stack machine whose {@code GLOBAL} + {@code REDUCE} opcodes
 * import and call any function named in the file, so loading an untrusted {@code .pth} with it can
 * run arbitrary code. This reader understands the opcodes of protocols 0 to 5 that describe data
 * (numbers, strings, tuples, lists, dicts, memo references) and resolves every {@code GLOBAL} through
 * a {@link PickleWhitelist}: a name the whitelist does not know is rejected the moment it is read,
 * before any later opcode could use it. Opcodes that instantiate classes by other routes
 * ({@code INST}, {@code OBJ}, {@code NEWOBJ}, extension registry codes) are rejected outright.
 *
 * <p>Python values become: {@code int} → {@link Long} (or {@link BigInteger} when it does not fit),
 * {@code float} → {@link Double}, {@code str} → {@link String}, {@code bytes} → {@code byte[]},
 * {@code None} → {@code null}, {@code bool} → {@link Boolean}, tuple and list → an unmodifiable or
 * mutable {@link List}, dict → {@link LinkedHashMap} in insertion order.
 */
public final class SafeUnpickler {
    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final InputStream in;
    private final PickleWhitelist whitelist;
    private final Function<Object, Object> persistentLoader;
    // MARK moves the current stack onto the metastack and starts a fresh one (as CPython does),
    // so that a file of MARK/POP_MARK pairs costs linear, not quadratic, time.
    private List<Object> stack = new ArrayList<>();
    private final List<List<Object>> metastack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /**
     * @param in the stream, positioned at the start of a pickle; left just after its {@code STOP}
     * @param whitelist what {@code GLOBAL} names may resolve to
     * @param persistentLoader turns a persistent id ({@code BINPERSID}) into its object; may throw
     *     {@link InvalidInputException}
     */
    public SafeUnpickler(InputStream in, PickleWhitelist whitelist, Function<Object, Object> persistentLoader) {
        this.in = in;
        this.whitelist = whitelist;
        this.persistentLoader = persistentLoader;
    }

    /** Reads one pickle up to its {@code STOP} opcode and returns its value. */
    public Object load() throws IOException {
        stack.clear();
        metastack.clear();
        memo.clear();
        while (true) {
            int op = in.read();
            if (op < 0) {
                throw new InvalidInputException("pickle data ends before its STOP opcode (truncated file?)");
            }
            try {
                if (step(op)) {
                    return pop();
                }
            } catch (IllegalArgumentException e) {
                // Text opcodes (INT, LONG, FLOAT, PUT, GET, UNICODE) whose argument does not parse.
                throw new InvalidInputException(String.format("malformed pickle: bad argument to opcode 0x%02x", op), e);
            }
        }
    }

    /** Runs one opcode; true at {@code STOP}. */
    private boolean step(int op) throws IOException {
        switch (op) {
            case 0x80 -> { // PROTO
                int proto = readByte();
                if (proto > 5) {
                    throw new InvalidInputException("unsupported pickle protocol " + proto);
                }
            }
            case 0x95 -> readLong8(); // FRAME: only a length hint for buffered readers
            case '.' -> { // STOP
                return true;
            }
            case '(' -> { // MARK
                metastack.add(stack);
                stack = new ArrayList<>();
            }
            case '0' -> pop(); // POP
            case '1' -> popMark(); // POP_MARK
            case '2' -> push(peek()); // DUP
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) readInt4()); // BININT
            case 'K' -> push((long) readByte()); // BININT1
            case 'M' -> push((long) (readByte() | (readByte() << 8))); // BININT2
            case 0x8a -> push(littleEndianSigned(readBytes(readByte()))); // LONG1
            case 0x8b -> push(littleEndianSigned(readBytes(readLength4()))); // LONG4
            case 'I' -> push(parseTextInt(readLine())); // INT (protocol 0)
            case 'L' -> push(normalise(new BigInteger(stripSuffix(readLine(), "L")))); // LONG
            case 'G' -> push(ByteBuffer.wrap(readBytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT
            case 'F' -> push(Double.parseDouble(readLine())); // FLOAT
            case 'X' -> push(utf8(readBytes(readLength4()))); // BINUNICODE
            case 0x8c -> push(utf8(readBytes(readByte()))); // SHORT_BINUNICODE
            case 0x8d -> push(utf8(readBytes(checkedLength(readLong8())))); // BINUNICODE8
            case 'V' -> push(rawUnicodeEscape(readLine())); // UNICODE (protocol 0)
            case 'T' -> push(latin1(readBytes(readLength4()))); // BINSTRING (Python 2 str)
            case 'U' -> push(latin1(readBytes(readByte()))); // SHORT_BINSTRING
            case 'B' -> push(readBytes(readLength4())); // BINBYTES
            case 'C' -> push(readBytes(readByte())); // SHORT_BINBYTES
            case 0x8e -> push(readBytes(checkedLength(readLong8()))); // BINBYTES8
            case 0x96 -> push(readBytes(checkedLength(readLong8()))); // BYTEARRAY8
            case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
            case 'd' -> push(toDict(popMark())); // DICT
            case ']' -> push(new ArrayList<>()); // EMPTY_LIST
            case 'l' -> push(new ArrayList<>(popMark())); // LIST
            case ')' -> push(tuple(List.of())); // EMPTY_TUPLE
            case 't' -> push(tuple(popMark())); // TUPLE
            case 0x85 -> push(tuple(popN(1))); // TUPLE1
            case 0x86 -> push(tuple(popN(2))); // TUPLE2
            case 0x87 -> push(tuple(popN(3))); // TUPLE3
            case 0x8f -> push(new ArrayList<>()); // EMPTY_SET, kept as a list of members
            case 0x90 -> { // ADDITEMS
                List<Object> items = popMark();
                asList(peek(), "ADDITEMS").addAll(items);
            }
            case 0x91 -> push(tuple(popMark())); // FROZENSET
            case 'a' -> { // APPEND
                Object v = pop();
                asList(peek(), "APPEND").add(v);
            }
            case 'e' -> { // APPENDS
                List<Object> items = popMark();
                asList(peek(), "APPENDS").addAll(items);
            }
            case 's' -> { // SETITEM
                Object v = pop();
                Object k = requireHashable(pop());
                asDict(peek(), "SETITEM").put(k, v);
            }
            case 'u' -> { // SETITEMS
                List<Object> items = popMark();
                Map<Object, Object> dict = asDict(peek(), "SETITEMS");
                putPairs(dict, items);
            }
            case 'q' -> memo.put((long) readByte(), peek()); // BINPUT
            case 'r' -> memo.put((long) readLength4(), peek()); // LONG_BINPUT
            case 'p' -> memo.put(Long.parseLong(readLine()), peek()); // PUT
            case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
            case 'h' -> push(memoGet(readByte())); // BINGET
            case 'j' -> push(memoGet(readLength4())); // LONG_BINGET
            case 'g' -> push(memoGet(Long.parseLong(readLine()))); // GET
            case 'c' -> { // GLOBAL
                String module = readLine();
                String name = readLine();
                push(whitelist.resolve(module, name));
            }
            case 0x93 -> { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                if (!(module instanceof String m) || !(name instanceof String n)) {
                    throw new InvalidInputException("malformed pickle: STACK_GLOBAL needs two strings");
                }
                push(whitelist.resolve(m, n));
            }
            case 'R' -> { // REDUCE
                Object args = pop();
                Object callable = pop();
                push(call(callable, args));
            }
            case 'b' -> { // BUILD
                Object state = pop();
                Object target = peek();
                if (!(target instanceof Map)) {
                    throw new InvalidInputException("malformed pickle: BUILD on a "
                            + describe(target) + "; weight files may only contain tensors");
                }
                // BUILD on a dict sets instance attributes (OrderedDict's _metadata): not data we use.
            }
            case 'Q' -> push(persistentLoader.apply(pop())); // BINPERSID
            case 'P' -> push(persistentLoader.apply(readLine())); // PERSID
            case 'i' -> throw refused(readLine() + "." + readLine()); // INST
            case 'o' -> throw refused("an object built with OBJ"); // OBJ
            case 0x81, 0x92 -> throw refused("an object built with NEWOBJ"); // NEWOBJ(_EX)
            case 0x82, 0x83, 0x84 -> throw refused("an object from the copyreg extension registry");
            default -> throw new InvalidInputException(String.format(
                    "unsupported pickle opcode 0x%02x; weight files may only contain tensors", op));
        }
        return false;
    }

    private static InvalidInputException refused(String what) {
        return new InvalidInputException("refusing to load " + what + ": weight files may only contain tensors");
    }

    private Object call(Object callable, Object args) {
        if (!(callable instanceof PickleCallable fn)) {
            throw new InvalidInputException("malformed pickle: REDUCE on a " + describe(callable)
                    + ", which is not a callable the whitelist allows");
        }
        if (!(args instanceof List<?> list)) {
            throw new InvalidInputException("malformed pickle: REDUCE arguments are not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> argList = (List<Object>) list;
        return fn.call(argList);
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o, String op) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw new InvalidInputException("malformed pickle: " + op + " on a " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asDict(Object o, String op) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new InvalidInputException("malformed pickle: " + op + " on a " + describe(o));
    }

    private static Map<Object, Object> toDict(List<Object> items) {
        Map<Object, Object> d = new LinkedHashMap<>();
        putPairs(d, items);
        return d;
    }

    private static void putPairs(Map<Object, Object> dict, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new InvalidInputException("malformed pickle: odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(requireHashable(items.get(i)), items.get(i + 1));
        }
    }

    /**
     * {@code key} when Python could use it as a dict key: None, a bool, number, string or bytes, or a
     * tuple of those. A list (which may contain itself) is refused, so hashing a key can never
     * recurse without end.
     *
     * @throws InvalidInputException for any other key
     */
    public static Object requireHashable(Object key) {
        requireHashable(key, 0);
        return key;
    }

    private static void requireHashable(Object key, int depth) {
        if (key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                || key instanceof Double || key instanceof Boolean || key instanceof byte[]) {
            return;
        }
        if (key instanceof List<?> items && TUPLE_CLASS.isInstance(key) && depth < 32) {
            for (Object item : items) {
                requireHashable(item, depth + 1);
            }
            return;
        }
        throw new InvalidInputException("malformed pickle: a dict key is a " + describeBriefly(key)
                + "; weight files use strings as keys");
    }

    /**
     * A short description of a value for messages: never the whole of a large or self-containing
     * structure, so that a message stays one short line.
     */
    public static String describeBriefly(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof String s) {
            String clean = s.codePoints().limit(40).map(c -> Character.isISOControl(c) ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            return "'" + clean + (s.length() > 40 ? "...'" : "'");
        }
        if (o instanceof BigInteger b) {
            return b.bitLength() > 64 ? "integer of " + b.bitLength() + " bits" : b.toString();
        }
        if (o instanceof Long || o instanceof Double || o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof List<?> l) {
            return (TUPLE_CLASS.isInstance(o) ? "tuple" : "list") + " of " + l.size() + " items";
        }
        if (o instanceof Map<?, ?> m) {
            return "dict of " + m.size() + " items";
        }
        if (o instanceof byte[] b) {
            return "bytes of length " + b.length;
        }
        return o.getClass().getSimpleName();
    }

    /** The class of the lists that stand for tuples (unmodifiable, unlike lists). */
    private static final Class<?> TUPLE_CLASS = Collections.unmodifiableList(new ArrayList<>()).getClass();

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    private Object memoGet(long index) {
        if (!memo.containsKey(index)) {
            throw new InvalidInputException("malformed pickle: memo entry " + index + " read before it was written");
        }
        return memo.get(index);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw new InvalidInputException("malformed pickle: stack underflow");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw new InvalidInputException("malformed pickle: stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popN(int n) {
        if (stack.size() < n) {
            throw new InvalidInputException("malformed pickle: stack underflow");
        }
        List<Object> tail = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return tail;
    }

    /** Everything pushed since the last MARK, restoring the stack below it. */
    private List<Object> popMark() {
        if (metastack.isEmpty()) {
            throw new InvalidInputException("malformed pickle: no MARK on the stack");
        }
        List<Object> items = stack;
        stack = metastack.remove(metastack.size() - 1);
        return items;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("pickle data ends in the middle of an opcode (truncated file?)");
        }
        return b;
    }

    private int readInt4() throws IOException {
        return ByteBuffer.wrap(readBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private int readLength4() throws IOException {
        long len = readInt4() & 0xffffffffL;
        return checkedLength(len);
    }

    private long readLong8() throws IOException {
        return ByteBuffer.wrap(readBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static int checkedLength(long len) {
        if (len < 0 || len > Integer.MAX_VALUE - 16) {
            throw new InvalidInputException("malformed pickle: length " + len + " out of range");
        }
        return (int) len;
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("pickle data ends early: wanted " + n + " bytes, got " + b.length
                    + " (truncated file?)");
        }
        return b;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte();
            if (b == '\n') {
                return sb.toString();
            }
            if (sb.length() > 4096) {
                throw new InvalidInputException("malformed pickle: text argument longer than 4096 bytes");
            }
            sb.append((char) b);
        }
    }

    /** Python's raw-unicode-escape: latin-1 bytes, with {@code \\uXXXX} and {@code \\UXXXXXXXX} escapes. */
    private static String rawUnicodeEscape(String latin1) {
        StringBuilder sb = new StringBuilder(latin1.length());
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            int digits = 0;
            if (c == '\\' && i + 1 < latin1.length()) {
                digits = latin1.charAt(i + 1) == 'u' ? 4 : latin1.charAt(i + 1) == 'U' ? 8 : 0;
            }
            if (digits > 0 && i + 2 + digits <= latin1.length()) {
                sb.appendCodePoint(Integer.parseInt(latin1.substring(i + 2, i + 2 + digits), 16));
                i += 1 + digits;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String stripSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static Object parseTextInt(String s) {
        // Protocol 0 spells True and False as INT "01" and "00".
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        return normalise(new BigInteger(s.trim()));
    }

    private static Object littleEndianSigned(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return normalise(new BigInteger(be));
    }

    private static Object normalise(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
