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

    /// <summary>A platform the route group has already found served here (see <c>WeChatCallbackGroup</c>).</summary>
    public ConfiguredComponent Get(string appId) => _components[appId];

    public IEnumerable<ConfiguredComponent> All => _components.Values;
}

public sealed record ConfiguredComponent(ComponentOptions Options, MessageCrypt Crypt)
{
    public string AppId => Options.AppId;
}
