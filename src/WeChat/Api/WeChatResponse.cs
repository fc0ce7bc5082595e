using System.Text.Json;

namespace WeChat.Api;

/// <summary>Turns WeChat's answer into a value or a classified error.</summary>
internal static class WeChatResponse
{
    public static T Read<T>(string api, int statusCode, string content)
    {
        if (statusCode >= 500)
        {
            throw new WeChatApiException(api, null, $"HTTP {statusCode}", WeChatErrorKind.Transient);
        }

        if (statusCode is < 200 or >= 300)
        {
            throw new WeChatApiException(api, null, $"HTTP {statusCode}", WeChatErrorKind.Other);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException)
        {
            throw new WeChatApiException(api, null, "the answer is not JSON", WeChatErrorKind.Other);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && ReadErrorCode(root) is { } code and not 0)
            {
                var message = root.TryGetProperty("errmsg", out var errmsg) ? errmsg.GetString() ?? "" : "";
                throw WeChatApiException.FromErrorCode(api, code, message);
            }

            try
            {
                return root.Deserialize<T>()
                    ?? throw new WeChatApiException(api, null, "the answer is empty", WeChatErrorKind.Other);
            }
            catch (JsonException ex)
            {
                throw new WeChatApiException(api, null, $"the answer has an unexpected shape ({ex.Path})", WeChatErrorKind.Other);
            }
        }
    }

    // Some WeChat APIs send errcode as a string ("40029"); accept both.
    private static int? ReadErrorCode(JsonElement root)
    {
        if (!root.TryGetProperty("errcode", out var errcode))
        {
            return null;
        }

        return errcode.ValueKind switch
        {
            JsonValueKind.Number when errcode.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(errcode.GetString(), out var text) => text,
            _ => null,
        };
    }
}
