using System.Xml.Linq;
using Grains;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Gateway.Hosting;

/// <summary>
/// Data-protection keys kept in the cluster (see <see cref="IKeyRingGrain"/>) rather than on a replica's disk, which
/// is read-only and gone with the pod on Kubernetes. ASP.NET reads the ring rarely and caches it, so the
/// synchronous <see cref="IXmlRepository"/> contract blocking on a grain call costs nothing noticeable.
/// </summary>
internal sealed class GrainKeyRing(IGrainFactory grains) : IXmlRepository
{
    private IKeyRingGrain Ring => grains.GetGrain<IKeyRingGrain>(IKeyRingGrain.Key);

    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. Ring.GetKeysAsync().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        Ring.StoreKeyAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();

    public static void AddTo(IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("wechat-component-platform");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IGrainFactory>((options, grains) => options.XmlRepository = new GrainKeyRing(grains));
    }
}
