namespace Grains.Bench;

/// <summary>How many authorizer grains are active across the cluster, from Orleans' management grain.</summary>
internal static class AuthorizerActivations
{
    public static async Task<int> CountAsync(IGrainFactory grains) =>
        (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
            .Where(s => s.GrainType.Contains("AuthorizerGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
