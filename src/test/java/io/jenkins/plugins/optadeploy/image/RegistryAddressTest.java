package io.jenkins.plugins.optadeploy.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:5000", "127.0.0.1:5000", "10.0.0.1", "registry.example.com",
        "registry.example.com:443", "my-registry:1", "REGISTRY.example.com:65535", "[::1]:5000", "[2001:db8::1]",
        "gcr.io", "a1.b2.c3"})
    void validRegistries(String registry) {
        assertThat(RegistryAddress.problem(registry)).isNull();
        assertThat(ImageTarget.auto(registry, "orders", "api", "1").registry()).isEqualTo(registry);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:99999       | the port of registry '127.0.0.1:99999' must be a number from 1 to 65535",
        "127.0.0.1:0           | the port of registry '127.0.0.1:0' must be a number from 1 to 65535",
        "registry:http         | the port of registry 'registry:http' must be a number from 1 to 65535",
        "999.1.1.1:5000        | '999.1.1.1' in registry '999.1.1.1:5000' is not a valid IPv4 address",
        "1.2.3:5000            | '1.2.3' in registry '1.2.3:5000' is not a valid IPv4 address",
        "[::zz]:5000           | '::zz' in registry '[::zz]:5000' is not a valid IPv6 address",
        "::1                   | an IPv6 registry address goes in brackets: [::1]:5000",
        "bad_host!:80          | 'bad_host!' in registry 'bad_host!:80' is not a valid host name",
        "-registry.example.com | '-registry.example.com' in registry '-registry.example.com' is not a valid host name",
        "https://registry.example.com | write the registry as host or host:port (no scheme, no path), for example registry.example.com:5000",
        "registry.example.com/team | write the registry as host or host:port (no scheme, no path), for example registry.example.com:5000",
    })
    void invalidRegistriesSayWhatIsWrong(String registry, String problem) {
        assertThat(RegistryAddress.problem(registry)).isEqualTo(problem);
        assertThatThrownBy(() -> ImageTarget.auto(registry, "orders", "api", "1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
