namespace Grains.Interfaces;

public static class AuthorizerKey
{
    public static string For(string componentAppId, string authorizerAppId) => $"{componentAppId}/{authorizerAppId}";

    public static (string ComponentAppId, string AuthorizerAppId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new ArgumentException($"'{key}' is not componentAppId/authorizerAppId.", nameof(key));
    }
}
