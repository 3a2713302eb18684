package org.datasetexport.testdata;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.datasetexport.ConfigurationException;

/**
 * Calls every public method of a builder with {@code null} for each reference parameter in turn
 * (the others given ordinary values) and reports the calls that did not refuse it with a
 * {@link ConfigurationException} naming the argument: a raw NullPointerException, another
 * exception, or silent acceptance. Found by reflection, so a setter added later is covered too.
 */
public final class NullArguments {
    private NullArguments() {
    }

    /**
     * @param fresh makes a new builder for each call
     * @param allowed methods ({@code name} or {@code name(index)}) that accept null on purpose
     * @return one line per call that did not refuse null as it should, empty when all do
     */
    public static List<String> offences(Supplier<?> fresh, Set<String> allowed) {
        List<String> offences = new ArrayList<>();
        Class<?> type = fresh.get().getClass();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() == 0
                    || m.isSynthetic() || m.isBridge()) {
                continue;
            }
            Class<?>[] params = m.getParameterTypes();
            for (int i = 0; i < params.length; i++) {
                if (params[i].isPrimitive() || allowed.contains(m.getName()) || allowed.contains(m.getName() + "(" + i + ")")) {
                    continue;
                }
                Object[] args = new Object[params.length];
                boolean possible = true;
                for (int j = 0; j < params.length; j++) {
                    if (j != i) {
                        args[j] = ordinary(params[j]);
                        possible &= args[j] != null || params[j].isPrimitive();
                    }
                }
                if (!possible) {
                    continue;
                }
                String call = type.getSimpleName() + "." + m.getName() + " argument " + i + " (" + params[i].getSimpleName() + ")";
                try {
                    m.invoke(fresh.get(), args);
                    offences.add(call + ": null accepted");
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof ConfigurationException) || cause.getMessage() == null
                            || !cause.getMessage().contains("must not be null")) {
                        offences.add(call + ": " + cause);
                    }
                } catch (IllegalAccessException e) {
                    // a public method of a non-public class: not reachable by users either
                }
            }
        }
        offences.sort(null);
        return offences;
    }

    private static Object ordinary(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == long.class || type == Long.class) {
            return 1L;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == double.class || type == Double.class) {
            return 1.0;
        }
        if (type == String.class) {
            return "x";
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (type == Instant.class) {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
        if (type == LocalTime.class) {
            return LocalTime.NOON;
        }
        if (type == Path.class) {
            return Path.of("x");
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == List.class) {
            return List.of();
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        return null;
    }
}
