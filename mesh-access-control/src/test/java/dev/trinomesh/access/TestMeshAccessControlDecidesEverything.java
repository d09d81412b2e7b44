package dev.trinomesh.access;

import io.trino.spi.security.SystemAccessControl;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access control decides every question Trino's SPI can ask, rather than inheriting the SPI's default for
 * it: a method Trino adds in a later version fails this test until the mesh takes a position on it. Run against
 * each Trino the build supports (./mesh test builds against 476 and 483), so it checks each one's SPI. The check
 * is Trino's InterfaceTestUtils.assertAllMethodsOverridden, here because trino-spi's test jar is not published for
 * every version.
 */
class TestMeshAccessControlDecidesEverything
{
    @Test
    void everyMethodOfTheSpiIsOverridden()
    {
        List<String> inherited = Arrays.stream(SystemAccessControl.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> declarer(method) != MeshAccessControl.class)
                .map(Method::toGenericString)
                .toList();
        assertThat(inherited).as("SystemAccessControl methods MeshAccessControl does not decide").isEmpty();
    }

    private static Class<?> declarer(Method method)
    {
        try {
            return MeshAccessControl.class.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass();
        }
        catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
