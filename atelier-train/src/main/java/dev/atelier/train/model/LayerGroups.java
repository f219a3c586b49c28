package dev.atelier.train.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The split of a model's parameters into layer groups (fastai's {@code layer_groups}), indexed from the
 * input side, so that a phase can give each group its own learning rate (discriminative learning
 * rates: small for early, generic layers; large for the head).
 */
public final class LayerGroups {
    private final List<String> names;
    private final Map<String, Integer> groupOfParameter;

    private LayerGroups(List<String> names, Map<String, Integer> groupOfParameter) {
        this.names = List.copyOf(names);
        this.groupOfParameter = Collections.unmodifiableMap(new LinkedHashMap<>(groupOfParameter));
    }

    /**
     * One group per top-level child of {@code block}, named {@code names} (one per child): the
     * convention of {@link Architecture}'s models (stem, body, head).
     */
    public static LayerGroups byTopLevelChildren(Block block, List<String> names) {
        ai.djl.nn.BlockList children = block.getChildren();
        if (children.size() != names.size()) {
            throw new IllegalArgumentException("block has " + children.size() + " top-level children but "
                    + names.size() + " group names were given");
        }
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (int g = 0; g < children.size(); g++) {
            String prefix = children.get(g).getKey() + "_";
            for (Pair<String, Parameter> p : children.get(g).getValue().getParameters()) {
                groups.put(prefix + p.getKey(), g);
            }
        }
        return check(block, new LayerGroups(names, groups));
    }

    /** Every parameter of {@code block} in one group. */
    public static LayerGroups single(Block block) {
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            groups.put(p.getKey(), 0);
        }
        return new LayerGroups(List.of("all"), groups);
    }

    private static LayerGroups check(Block block, LayerGroups groups) {
        List<String> missing = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!groups.groupOfParameter.containsKey(p.getKey())) {
                missing.add(p.getKey());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("parameters outside every layer group: " + missing);
        }
        return groups;
    }

    /** Number of groups. */
    public int count() {
        return names.size();
    }

    /** Group names, from the input side. */
    public List<String> names() {
        return names;
    }

    /** The group of the parameter called {@code parameterName} in {@code block.getParameters()}. */
    public int groupOf(String parameterName) {
        Integer g = groupOfParameter.get(parameterName);
        if (g == null) {
            throw new IllegalArgumentException("no layer group holds parameter " + parameterName);
        }
        return g;
    }

    /** Parameter names of group {@code group}, in model order. */
    public List<String> parameterNames(int group) {
        return groupOfParameter.entrySet().stream().filter(e -> e.getValue() == group).map(Map.Entry::getKey).toList();
    }
}
