package org.oauth2kit.testkit;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstances;

/**
 * Hands the tests of {@link HttpContract} and {@link ProviderContract} the fixture of the running
 * contract. Their tests are default methods of one interface per area, so that each area has a
 * file of its own; a {@code @Nested} class of the contract implements the interface. A default
 * method cannot reach the contract around that nested class, so it names what it uses as
 * parameters: {@link HttpContract} itself, or {@link ProviderContract} and the parts of its
 * fixture, {@link Dispatcher}, {@link MutableClock} and {@link Stores}. They are read when the
 * test runs, after the contract's {@code @BeforeEach} has set them up.
 */
final class ContractParameters implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return find(parameter.getParameter().getType(), context).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return find(parameter.getParameter().getType(), context).orElseThrow(() -> new ParameterResolutionException(
                "no " + parameter.getParameter().getType().getName() + " in the running contract"));
    }

    private static Optional<Object> find(Class<?> type, ExtensionContext context) {
        Optional<TestInstances> instances = context.getTestInstances();
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        for (Object instance : instances.get().getAllInstances()) {
            if (instance instanceof HttpContract http && type == HttpContract.class) {
                return Optional.of(http);
            }
            if (instance instanceof ProviderContract contract) {
                if (type == ProviderContract.class) {
                    return Optional.of(contract);
                }
                if (type == Dispatcher.class) {
                    return Optional.of(contract.d);
                }
                if (type == MutableClock.class) {
                    return Optional.of(contract.clock);
                }
                if (type == Stores.class) {
                    return Optional.of(contract.stores);
                }
            }
        }
        return Optional.empty();
    }
}
