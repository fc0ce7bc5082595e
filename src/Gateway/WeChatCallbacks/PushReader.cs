using System.Buffers;
using System.Globalization;
using System.Text;
using Gateway.Hosting;
using Microsoft.Extensions.Options;
using WeChat.Crypto;

namespace Gateway.WeChatCallbacks;

/// <summary>A verified, decrypted push, or why it was refused.</summary>
public sealed record PushReading(string? PlainXml, int StatusCode, string? Refusal, string Timestamp, string Nonce, string Signature)
{
    public bool Accepted => PlainXml is not null;
}

/// <summary>Checks a WeChat push in order: size, query, timestamp window, signature, decryption (with the appid inside).</summary>
public sealed class PushReader(IOptions<GatewayOptions> options, TimeProvider time)
{
    public async Task<PushReading> ReadAsync(HttpRequest request, ConfiguredComponent component)
    {
        var query = request.Query;
        var timestamp = query["timestamp"].ToString();
        var nonce = query["nonce"].ToString();
        var signature = query["msg_signature"].ToString();
        if (timestamp.Length == 0 || nonce.Length == 0 || signature.Length == 0)
        {
            return Refuse(StatusCodes.Status400BadRequest, "timestamp, nonce and msg_signature are required");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > options.Value.PushTimestampTolerance.TotalSeconds)
        {
            return Refuse(StatusCodes.Status400BadRequest, "the timestamp is too far from now");
        }

        var body = await ReadBodyAsync(request, options.Value.MaxPushBytes);
        if (body is null)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, $"the body exceeds {options.Value.MaxPushBytes} bytes");
        }

        try
        {
            return new PushReading(component.Crypt.DecryptPush(body, timestamp, nonce, signature), StatusCodes.Status200OK, null, timestamp, nonce, signature);
        }
        catch (WeChatCryptoException ex) when (ex.Error is WeChatCryptoError.SignatureMismatch or WeChatCryptoError.AppIdMismatch)
        {
            return Refuse(StatusCodes.Status403Forbidden, ex.Message);
        }
        catch (WeChatCryptoException ex)
        {
            return Refuse(StatusCodes.Status400BadRequest, ex.Message);
        }

        PushReading Refuse(int status, string why) => new(null, status, why, timestamp, nonce, signature);
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Pushes arrive every few seconds per platform: the read buffer is pooled, not allocated per push.
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var read = 0;
            int n;
            while (read <= limit && (n = await request.Body.ReadAsync(buffer.AsMemory(read, limit + 1 - read), request.HttpContext.RequestAborted)) > 0)
            {
                read += n;
            }

            return read > limit ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
