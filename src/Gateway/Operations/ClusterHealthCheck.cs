using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Operations;

/// <summary>Ready when the Orleans cluster answers (an in-process silo, or the silos this gateway is a client of).</summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"{silos.Count} active silo(s)");
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            return HealthCheckResult.Unhealthy("the Orleans cluster does not answer");
        }
    }
}
