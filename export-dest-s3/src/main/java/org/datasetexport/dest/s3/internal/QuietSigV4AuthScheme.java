package org.datasetexport.dest.s3.internal;

import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * The SigV4 auth scheme ({@value AwsV4AuthScheme#SCHEME_ID}) with {@link QuietSigV4Signer} in place
 * of the SDK's signer: register it on a client builder with {@code putAuthScheme}.
 */
public final class QuietSigV4AuthScheme implements AuthScheme<AwsCredentialsIdentity> {
    private final QuietSigV4Signer signer = new QuietSigV4Signer();

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        return signer;
    }
}
