using System.Text.Json;
using WeChat.Api;

namespace Gateway.WeChatProxy;

/// <summary>WeChat's answer to a proxied call, passed back unchanged.</summary>
internal sealed record ProxyAnswer(int StatusCode, string? ContentType, byte[] Body)
{
    private const int MaxInspectedBytes = 64 * 1024;

    /// <summary>WeChat answers a rejected token with HTTP 200 and a JSON errcode; media downloads are never inspected.</summary>
    public bool TokenRejected
    {
        get
        {
            if (Body.Length is 0 or > MaxInspectedBytes || Body[0] != (byte)'{')
            {
                return false;
            }

            try
            {
                using var json = JsonDocument.Parse(Body);
                return json.RootElement.TryGetProperty("errcode", out var code)
                    && code.TryGetInt32(out var errcode)
                    && WeChatErrorCodes.Classify(errcode) == WeChatErrorKind.TokenRejected;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
