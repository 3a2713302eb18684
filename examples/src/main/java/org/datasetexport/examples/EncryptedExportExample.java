package org.datasetexport.examples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.datasetexport.Compression;
import org.datasetexport.DatasetExport;
import org.datasetexport.Encryption;
import org.datasetexport.ExportResult;
import org.datasetexport.data.DataType;
import org.datasetexport.data.Datasets;
import org.datasetexport.data.Field;
import org.datasetexport.data.Row;
import org.datasetexport.data.Schema;
import org.datasetexport.dest.file.FileDestination;
import org.datasetexport.policy.ExportPolicy;
import org.datasetexport.policy.PolicyViolationException;
import org.datasetexport.policy.RuleBasedPolicy;

/**
 * Encryption and data-usage policies together: a customer dataset whose fields carry labels is
 * exported with a rule-based policy (SSNs dropped, emails hashed, C2 data refused for marketing)
 * and encrypted with an OpenPGP public key. The demo makes its own RSA key and keeps its private
 * half in {@code target/encrypted-demo/demo-secret-key.asc} (printing the gpg commands that decrypt
 * the export); pass the path of a real armored public key ({@code gpg --armor --export <id>}) as
 * the first argument instead.
 *
 * <p>Run: {@code mvn -B -q -DskipTests package exec:java -pl examples -am -Dexec.mainClass=org.datasetexport.examples.EncryptedExportExample}
 */
public final class EncryptedExportExample {
    private EncryptedExportExample() {
    }

    /**
     * @param args optional: an armored OpenPGP public key file
     * @throws Exception when the demo key cannot be made or the key file read
     */
    public static void main(String[] args) throws Exception {
        Path demoFolder = Path.of("target", "encrypted-demo");
        String publicKey = args.length > 0 ? Files.readString(Path.of(args[0])) : demoPublicKey(demoFolder);
        Schema schema = Schema.of(
                Field.required("customerId", DataType.LONG),
                Field.optional("email", DataType.STRING).withLabels("I1"),
                Field.optional("ssn", DataType.STRING).withLabels("S1"),
                Field.optional("healthSegment", DataType.STRING).withLabels("C2"),
                Field.optional("country", DataType.STRING));
        List<Row> customers = List.of(
                Row.of(1L, "ann@example.com", "123-45-6789", "diabetic", "CH"),
                Row.of(2L, "bob@example.com", "987-65-4321", null, "DE"));
        ExportPolicy policy = RuleBasedPolicy.builder()
                .denyPurposeForLabel("marketing action", "C2")
                .dropFieldsWithLabel("S1")
                .hashFieldsWithLabel("I1")
                .build();
        FileDestination destination = FileDestination.of(demoFolder);

        try {
            DatasetExport.from(Datasets.of("customers", schema, customers)).to(destination).format("json")
                    .policy(policy).purpose("marketing action").run();
        } catch (PolicyViolationException e) {
            System.out.println("refused as expected: " + e.getMessage());
        }

        ExportResult result = DatasetExport.from(Datasets.of("customers", schema, customers)).to(destination)
                .format("json").compression(Compression.GZIP)
                .policy(policy).purpose("analytics")
                .encryption(Encryption.openPgp(publicKey))
                .manifest(true)
                .run();
        System.out.println("analytics export, ssn dropped, email hashed, encrypted to " + Encryption.openPgp(publicKey) + ":");
        result.files().forEach(f -> System.out.println("  " + destination.root().resolve(f.path()) + "  " + f.sizeBytes() + " bytes"));
        System.out.println("  manifest " + destination.root().resolve(result.manifestPath().orElseThrow()));
        if (args.length == 0) {
            Path secret = demoFolder.resolve(DEMO_SECRET_KEY).toAbsolutePath();
            System.out.println("decrypt with the demo's private key (unprotected, for this demo only):");
            System.out.println("  gpg --import " + secret);
            System.out.println("  gpg --decrypt " + destination.root().resolve(result.files().get(0).path()));
        }
    }

    /** File name of the demo's private key, kept so the reader can decrypt what the demo wrote. */
    private static final String DEMO_SECRET_KEY = "demo-secret-key.asc";

    /** A throwaway RSA key for the demo; its private half is written to the demo folder (unprotected). */
    private static String demoPublicKey(Path folder) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA", bc);
        rsa.initialize(2048);
        PGPKeyPair pair = new JcaPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa.generateKeyPair(), new Date());
        PGPKeyRingGenerator generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair,
                "demo recipient <demo@example.com>", new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1),
                null, null, new JcaPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256).setProvider(bc),
                null);
        ByteArrayOutputStream secret = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(secret)) {
            generator.generateSecretKeyRing().encode(armored);
        }
        Files.createDirectories(folder);
        Files.write(folder.resolve(DEMO_SECRET_KEY), secret.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
            generator.generatePublicKeyRing().encode(armored);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
