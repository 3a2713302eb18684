package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.datasetexport.ConfigurationException;
import org.junit.jupiter.api.Test;

class StoragePathsTest {

    @Test
    void under_andFolder_joinAPathToANormalizedPrefix() {
        assertThat(StoragePaths.under("", "a/b.json")).isEqualTo("a/b.json");
        assertThat(StoragePaths.under("exports/crm", "a/b.json")).isEqualTo("exports/crm/a/b.json");
        assertThatThrownBy(() -> StoragePaths.under("exports", "../b.json")).isInstanceOf(ConfigurationException.class);
        assertThat(StoragePaths.folder("")).isEmpty();
        assertThat(StoragePaths.folder("exports/crm")).isEqualTo("exports/crm/");
    }

    @Test
    void normalizePrefix_dropsLeadingAndTrailingSlashes() {
        assertThat(StoragePaths.normalizePrefix("//exports/crm/", "prefix")).isEqualTo("exports/crm");
        assertThat(StoragePaths.normalizePrefix("exports", "prefix")).isEqualTo("exports");
    }

    @Test
    void normalizePrefix_emptyOrOnlySlashesMeansNoPrefix() {
        assertThat(StoragePaths.normalizePrefix("", "prefix")).isEmpty();
        assertThat(StoragePaths.normalizePrefix("///", "prefix")).isEmpty();
    }

    @Test
    void normalizePrefix_rejectsTraversalControlCharactersAndNull() {
        assertThatThrownBy(() -> StoragePaths.normalizePrefix("exports/../secrets", "prefix"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("\"..\" segment");
        assertThatThrownBy(() -> StoragePaths.normalizePrefix("exports\nx", "prefix"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> StoragePaths.normalizePrefix("a//b", "prefix"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> StoragePaths.normalizePrefix(null, "path"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("path");
    }
}
