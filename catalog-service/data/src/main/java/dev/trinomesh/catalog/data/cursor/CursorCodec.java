package dev.trinomesh.catalog.data.cursor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import dev.trinomesh.catalog.core.ServiceException;
import dev.trinomesh.catalog.data.DataConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static java.util.Objects.requireNonNull;

/**
 * Cursors as opaque text: the cursor's JSON, deflated, then an HMAC-SHA256 over it with the service's key
 * ({@code data.cursor.key}), both base64url. A cursor that was altered, made with another key, has expired or belongs
 * to someone else is refused before anything of it is used.
 */
public final class CursorCodec
{
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_LENGTH = 16 * 1024;
    private static final int MAX_INFLATED = 256 * 1024;

    private final ObjectMapper mapper = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final SecretKeySpec key;
    private final Clock clock;

    @Inject
    public CursorCodec(DataConfig config)
    {
        this(config.getCursorKey().map(value -> Base64.getDecoder().decode(value.strip())).orElseGet(CursorCodec::randomKey), Clock.systemUTC());
    }

    public CursorCodec(byte[] key, Clock clock)
    {
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = requireNonNull(clock, "clock is null");
    }

    public long now()
    {
        return clock.instant().getEpochSecond();
    }

    public String encode(Cursor cursor)
    {
        try {
            byte[] payload = deflate(mapper.writeValueAsBytes(cursor));
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            return base64.encodeToString(payload) + "." + base64.encodeToString(sign(payload));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("a cursor could not be written", e);
        }
    }

    /** The cursor {@code text} stands for, if it is genuine, unexpired and {@code user}'s; else 400 (or 410 once expired). */
    public Cursor decode(String text, String user)
    {
        String value = text.strip();
        int dot = value.indexOf('.');
        if (value.length() > MAX_LENGTH || dot < 1) {
            throw invalid();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = Base64.getUrlDecoder().decode(value.substring(0, dot));
            signature = Base64.getUrlDecoder().decode(value.substring(dot + 1));
        }
        catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw invalid();
        }
        Cursor cursor;
        try {
            cursor = mapper.readValue(inflate(payload), Cursor.class);
        }
        catch (IOException | DataFormatException | RuntimeException e) {
            throw invalid();
        }
        if (!cursor.user().equals(user)) {
            // Another person's cursor would read with their query under this caller's policies: refuse it outright.
            throw ServiceException.badRequest("this cursor was issued to another user; start the read again without a cursor");
        }
        if (cursor.expires() < now()) {
            throw ServiceException.gone("this cursor expired (cursors last data.cursor.lifetime); start the read again without a cursor");
        }
        return cursor;
    }

    private static ServiceException invalid()
    {
        return ServiceException.badRequest("cursor is not a cursor this service issued (it is altered, cut, or from a service with another data.cursor.key); pass the 'next' value of the previous page as it is");
    }

    private byte[] sign(byte[] payload)
    {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static byte[] deflate(byte[] data)
    {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        }
        finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] data)
            throws DataFormatException
    {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 3);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int count = inflater.inflate(buffer);
                if (count == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, count);
                if (out.size() > MAX_INFLATED) {
                    throw new DataFormatException("cursor too large");
                }
            }
            return out.toByteArray();
        }
        finally {
            inflater.end();
        }
    }

    private static byte[] randomKey()
    {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
