package dev.trinomesh.catalog.lake.rest;

import dev.trinomesh.catalog.identity.api.RequestUser;
import dev.trinomesh.catalog.lake.authorization.LakeAuthorization;
import dev.trinomesh.catalog.lake.signing.RemoteSigning;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.iceberg.aws.s3.signer.S3SignRequest;
import org.apache.iceberg.aws.s3.signer.S3SignRequestParser;
import org.apache.iceberg.aws.s3.signer.S3SignResponseParser;
import org.apache.iceberg.exceptions.BadRequestException;

import static java.util.Objects.requireNonNull;

/**
 * The REST catalog's S3 signing endpoint, where Iceberg's S3 remote signer (and PyIceberg's) sends each S3 request of
 * an engine holding no storage keys. Authenticated like every {@code /iceberg} request; the answers are never to be
 * cached, so that a revoked token or a lost ownership stops signing at once.
 */
@Path("/iceberg/" + RemoteSigning.SIGNING_ENDPOINT)
public class S3SignResource
{
    private final LakeAuthorization authorization;
    private final RemoteSigning remoteSigning;

    @Inject
    public S3SignResource(LakeAuthorization authorization, RemoteSigning remoteSigning)
    {
        this.authorization = requireNonNull(authorization, "authorization is null");
        this.remoteSigning = requireNonNull(remoteSigning, "remoteSigning is null");
    }

    @POST
    public Response sign(String body, @HeaderParam(RequestUser.HEADER) String user)
    {
        try {
            S3SignRequest request = parse(body);
            String signed = S3SignResponseParser.toJson(remoteSigning.sign(authorization.of(RequestUser.of(user)), request));
            return Response.ok(signed, MediaType.APPLICATION_JSON_TYPE)
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .build();
        }
        catch (RuntimeException e) {
            return IcebergErrors.toResponse(e);
        }
    }

    private static S3SignRequest parse(String body)
    {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("missing request body: expected an S3SignRequest");
        }
        try {
            return S3SignRequestParser.fromJson(body);
        }
        catch (RuntimeException e) {
            throw new BadRequestException("malformed S3SignRequest: %s", e.getMessage());
        }
    }
}
