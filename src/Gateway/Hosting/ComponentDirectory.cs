using Microsoft.Extensions.Options;
using WeChat.Crypto;
using WeChat.Options;

namespace Gateway.Hosting;

/// <summary>The platforms this deployment serves, each with its message crypt ready.</summary>
public sealed class ComponentDirectory(IOptions<WeChatOptions> options)
{
    private readonly Dictionary<string, ConfiguredComponent> _components = options.Value.Components.ToDictionary(
        c => c.AppId,
        c => new ConfiguredComponent(c, new MessageCrypt(c.Token, c.EncodingAESKey, c.AppId)),
        StringComparer.Ordinal);

    public bool TryGet(string appId, out ConfiguredComponent component) =>
        _components.TryGetValue(appId, out component!);

    /// <summary>Whether the request's <c>{componentAppId}</c> route value names a platform served here.</summary>
    public bool ServesRoute(HttpContext http, out string componentAppId)
    {
        componentAppId = http.GetRouteValue("componentAppId") as string ?? "";
        return _components.ContainsKey(componentAppId);
    }

    /// <summary>A platform the route group has already found served here (see <c>WeChatCallbackGroup</c>).</summary>
    public ConfiguredComponent Get(string appId) => _components[appId];

    public IEnumerable<ConfiguredComponent> All => _components.Values;
}

public sealed record ConfiguredComponent(ComponentOptions Options, MessageCrypt Crypt)
{
    public string AppId => Options.AppId;
}
