using WeChat.Api;

namespace Grains;

/// <summary>
/// The one "refresh once when WeChat rejects the token" step, for the grains and for the gateway's acting routes.
/// </summary>
public static class TokenRejection
{
    /// <summary>Calls WeChat with a token; a token WeChat rejects (40001, 40014, 42001) is refreshed once and the call sent again.</summary>
    public static async Task<T> RetriedOnceAsync<T>(string token, Func<string, Task<T>> call, Func<string, Task<AccessToken>> refreshIfCurrent)
    {
        try
        {
            return await call(token);
        }
        catch (WeChatApiException ex) when (ex.Kind == WeChatErrorKind.TokenRejected)
        {
            return await call((await refreshIfCurrent(token)).Value);
        }
    }
}
