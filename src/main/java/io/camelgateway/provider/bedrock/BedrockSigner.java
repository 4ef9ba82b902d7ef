package io.camelgateway.provider.bedrock;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs one Bedrock runtime request with AWS Signature Version 4 (the SDK's own signer, service {@code bedrock}). */
final class BedrockSigner {

    static final String SIGNING_NAME = "bedrock";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private BedrockSigner() {
    }

    /**
     * The headers to send: {@code headers} plus the signature's ({@code Authorization}, {@code X-Amz-Date},
     * {@code X-Amz-Security-Token}). {@code Host} is signed but left out: the HTTP client writes the same value.
     */
    static Map<String, String> sign(String url, Map<String, String> headers, byte[] body,
                                    AwsCredentialsIdentity credentials, String region) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(url));
        headers.forEach(request::putHeader);
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(credentials)
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("host") && !header.getValue().isEmpty()) {
                out.put(header.getKey(), header.getValue().get(0));
            }
        }
        return out;
    }
}
