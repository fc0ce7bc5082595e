using System.Security.Cryptography;
using System.Text.Json;

namespace Grains.Campaigns;

/// <summary>What a start request asked for, as a hash: a repeat with the same idempotency key must ask for the same.</summary>
internal static class CampaignFingerprint
{
    public static string Of(CampaignSpec spec) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(spec)));
}
