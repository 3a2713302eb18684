package org.datasetexport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.datasetexport.ConfigurationException;
import org.datasetexport.Destinations;
import org.datasetexport.engine.ProviderRegistry;
import org.datasetexport.spi.OptionSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 32, item 6: every built-in destination declares its options, the declaration is exactly
 * what its provider accepts (an unknown key is refused listing the declared ones), and the secrets
 * among them are the ones the attack found passing as literals ({@code connectionString},
 * {@code credentialsJson}) while the key-file paths are not secrets.
 */
class DeclaredOptionsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3://bucket/p | secretAccessKey,sessionToken | ",
            "gs://bucket/p | credentialsJson,hmacSecret | credentialsFile",
            "wasbs://c@account/p | connectionString,accountKey,sasToken | ",
            "dlz://c/p | sasUri | ",
            "abfss://fs@account/p | clientSecret,accountKey,sasToken | ",
            "sftp://user@host/p | password,privateKey,passphrase | privateKeyFile,knownHostsFile",
    })
    void everyDestination_declaresItsOptions_secretsAndPathsByKind(String uri, String secrets, String paths) {
        List<OptionSpec> declared = ProviderRegistry.instance().destinationOptions(uri);
        assertThat(declared).isNotEmpty();
        assertThat(declared.stream().filter(OptionSpec::secret).map(OptionSpec::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(secrets.split(","));
        Set<String> pathNames = declared.stream().filter(o -> o.kind() == OptionSpec.Kind.PATH).map(OptionSpec::name)
                .collect(Collectors.toSet());
        assertThat(pathNames).containsExactlyInAnyOrder(paths == null ? new String[0] : paths.split(","));
        assertThat(declared).allSatisfy(o -> assertThat(o.description()).isNotBlank());
        // the declaration is what create accepts: the refusal of an unknown key lists exactly the declared names
        assertThatThrownBy(() -> Destinations.of(uri, Map.of("noSuchOption", "x"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("noSuchOption").hasMessageContaining(new TreeSet<>(OptionSpec.names(declared)).toString());
        // the CLI's rule follows the declaration, not the name
        for (OptionSpec o : declared) {
            assertThat(SecretReferences.isSecret(declared, o.name())).as(o.name()).isEqualTo(o.secret());
        }
    }
}
