package dev.trinomesh.connector;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

import static io.trino.spi.ErrorType.EXTERNAL;
import static io.trino.spi.ErrorType.USER_ERROR;

public enum MeshErrorCode
        implements ErrorCodeSupplier
{
    /** The registry cannot be read and no sufficiently recent snapshot is at hand. */
    MESH_CATALOG_UNAVAILABLE(0, EXTERNAL),
    /** A dataset's contract cannot be turned into a view (e.g. a type this Trino does not know). */
    MESH_DATASET_INVALID(1, USER_ERROR),
    /** A previous major's dataset whose deprecation window has ended. */
    MESH_DATASET_RETIRED(2, USER_ERROR),
    /** A pinned table ({@code <table>@snapshot:<id>}) of a table that cannot be read at a snapshot: a SQL source, a release. */
    MESH_DATASET_NOT_PINNABLE(3, USER_ERROR);

    private final ErrorCode errorCode;

    MeshErrorCode(int code, ErrorType type)
    {
        errorCode = new ErrorCode(code + 0x0A4E_0000, name(), type);
    }

    @Override
    public ErrorCode toErrorCode()
    {
        return errorCode;
    }
}
