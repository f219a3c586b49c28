package dev.atelier.core.weights;

import dev.atelier.core.InvalidInputException;
import dev.atelier.core.weights.pickle.PickleCallable;
import dev.atelier.core.weights.pickle.PickleWhitelist;
import dev.atelier.core.weights.pickle.SafeUnpickler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The only Python names a PyTorch state_dict pickle may mention: {@code collections.OrderedDict},
 * the tensor and parameter rebuild functions of {@code torch._utils}, and the typed storage classes
 * ({@code torch.FloatStorage}, also under {@code torch.cuda}). Each maps to a Java function that
 * builds data; everything else is refused.
 */
final class TorchPickleWhitelist implements PickleWhitelist {
    static final TorchPickleWhitelist INSTANCE = new TorchPickleWhitelist();

    private static final Map<String, TensorDType> STORAGE_TYPES = Map.ofEntries(
            Map.entry("FloatStorage", TensorDType.FLOAT32),
            Map.entry("DoubleStorage", TensorDType.FLOAT64),
            Map.entry("HalfStorage", TensorDType.FLOAT16),
            Map.entry("BFloat16Storage", TensorDType.BFLOAT16),
            Map.entry("LongStorage", TensorDType.INT64),
            Map.entry("IntStorage", TensorDType.INT32),
            Map.entry("ShortStorage", TensorDType.INT16),
            Map.entry("CharStorage", TensorDType.INT8),
            Map.entry("ByteStorage", TensorDType.UINT8),
            Map.entry("BoolStorage", TensorDType.BOOL));

    private TorchPickleWhitelist() {}

    @Override
    public Object resolve(String module, String name) {
        switch (module + "." + name) {
            case "collections.OrderedDict":
                return (PickleCallable) TorchPickleWhitelist::orderedDict;
            case "torch._utils._rebuild_tensor_v2":
            case "torch._utils._rebuild_tensor":
                return (PickleCallable) TorchPickleWhitelist::rebuildTensor;
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return (PickleCallable) TorchPickleWhitelist::rebuildParameter;
            default:
                break;
        }
        if ((module.equals("torch") || module.equals("torch.cuda")) && STORAGE_TYPES.containsKey(name)) {
            return new TorchStorageType(module + "." + name, STORAGE_TYPES.get(name));
        }
        throw PickleWhitelist.refuse(module, name);
    }

    /** {@code OrderedDict()} or {@code OrderedDict([(k, v), ...])}. */
    private static Object orderedDict(List<Object> args) {
        Map<Object, Object> map = new LinkedHashMap<>();
        if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
            for (Object pair : pairs) {
                if (!(pair instanceof List<?> kv) || kv.size() != 2) {
                    throw new InvalidInputException("malformed pickle: OrderedDict item is not a pair");
                }
                map.put(SafeUnpickler.requireHashable(kv.get(0)), kv.get(1));
            }
        } else if (!args.isEmpty()) {
            throw new InvalidInputException("malformed pickle: unexpected OrderedDict arguments");
        }
        return map;
    }

    /**
     * {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[,
     * metadata])} and the pre-0.4 {@code _rebuild_tensor(storage, storage_offset, size, stride)}.
     */
    private static Object rebuildTensor(List<Object> args) {
        if (args.size() < 4 || !(args.get(0) instanceof StorageRef storage)) {
            throw new InvalidInputException("malformed pickle: tensor rebuild without a storage");
        }
        return new TensorRef(storage, asLong(args.get(1)), longs(args.get(2)), longs(args.get(3)));
    }

    /** {@code _rebuild_parameter(data, requires_grad, backward_hooks[, state])}: the data is what we keep. */
    private static Object rebuildParameter(List<Object> args) {
        if (args.isEmpty() || !(args.get(0) instanceof TensorRef tensor)) {
            throw new InvalidInputException("malformed pickle: parameter rebuild without a tensor");
        }
        return tensor;
    }

    /**
     * Turns a persistent id {@code ('storage', storage_type, key, location, numel[, view_metadata])}
     * into a {@link StorageRef}; the legacy format's {@code view_metadata} is {@code (view_key,
     * offset, view_size)} or None.
     */
    static Object persistentStorage(Object pid) {
        if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new InvalidInputException("refusing to load persistent object " + SafeUnpickler.describeBriefly(pid)
                    + ": weight files may only contain tensor storages");
        }
        if (!(t.get(1) instanceof TorchStorageType type)) {
            throw new InvalidInputException("malformed pickle: storage without a storage type");
        }
        if (!(t.get(2) instanceof String key)) {
            throw new InvalidInputException("malformed pickle: storage key is a " + SafeUnpickler.describeBriefly(t.get(2))
                    + ", not a string");
        }
        long numel = asLong(t.get(4));
        long viewOffset = 0;
        if (t.size() > 5 && t.get(5) instanceof List<?> view && view.size() == 3) {
            viewOffset = asLong(view.get(1));
        }
        return new StorageRef(key, type.dtype(), numel, viewOffset);
    }

    private static long asLong(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw new InvalidInputException("malformed pickle: expected an integer, got " + SafeUnpickler.describeBriefly(o));
    }

    private static long[] longs(Object o) {
        if (!(o instanceof List<?> list)) {
            throw new InvalidInputException("malformed pickle: expected a tuple of integers, got "
                    + SafeUnpickler.describeBriefly(o));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = asLong(list.get(i));
        }
        return out;
    }
}
