package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriRedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3://AKIA:s3cr/et@pa_ss@bucket/prefix        | s3://AKIA:…@bucket/prefix",
            "sftp://me:p@ss/w?rd@host:22/in               | sftp://me:…@host:22/in",
            "sftp://me:pw@host:notaport/x                 | sftp://me:…@host:notaport/x",
            "sftp://me@host/x                             | sftp://me@host/x",
            "dlz://container/p?sv=2024&sig=abc%2Bdef      | dlz://container/p?…",
            "https://acct.blob/c?sv=1&sig=a b#frag        | https://acct.blob/c?…",
            "file://user:secret@localhost/tmp             | file://user:…@localhost/tmp",
            "abfss://fs:key@acct.dfs.core.windows.net/p   | abfss://fs:…@acct.dfs.core.windows.net/p",
            "no scheme:pass@host                          | …@host",
            "s3://AK/IA:pw@bucket/p                       | s3://…@bucket/p",
            "s3://bucket/plain/path                       | s3://bucket/plain/path",
            "weird:opaque:pw@host?x                       | weird:opaque:…@host?…",
            // issue 32: percent-encoding hides nothing
            "sftp://user%3As3cr%2Fet@host/p               | sftp://user:…@host/p",
            "s3://AKIA%3As3cret%40bucket/p                | s3://…/p",
            "s3://AKIA%3As3cret/p                         | s3://…/p",
            "sftp://us%65r@host/p                         | sftp://user@host/p",
            "s3://bucket%2Dname/p                         | s3://bucket%2Dname/p",
    })
    void redact_hidesUserInfoQueryAndFragmentByStructure(String input, String expected) {
        assertThat(UriRedaction.redact(input)).isEqualTo(expected);
    }

    @Test
    void redact_controlCharactersCannotForgeLogLines() {
        assertThat(UriRedaction.redact("s3://b/x\nforged log line")).isEqualTo("s3://b/x?forged log line");
        assertThat(UriRedaction.redact("s3://b/\u0000x")).isEqualTo("s3://b/?x");
    }
}
