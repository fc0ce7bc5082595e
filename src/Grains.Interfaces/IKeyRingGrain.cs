namespace Grains.Interfaces;

/// <summary>
/// The gateways' shared ASP.NET data-protection key ring (it signs the status page's login cookie), so a cookie
/// issued by one gateway replica is honoured by all. One grain, keyed <see cref="Key"/>.
/// </summary>
[Alias("Grains.IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    public const string Key = "data-protection";

    Task<IReadOnlyList<string>> GetKeysAsync();

    Task StoreKeyAsync(string friendlyName, string keyXml);
}
