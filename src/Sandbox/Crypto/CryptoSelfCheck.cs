namespace Sandbox.Crypto;

/// <summary>Runs <see cref="CryptoSelfTest"/> before the sandbox serves anything: a sandbox with broken crypto must not start.</summary>
internal sealed partial class CryptoSelfCheck(ILogger<CryptoSelfCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        CryptoSelfTest.Verify();
        LogVerified(logger, OfficialVectors.All.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sandbox message crypto reproduces all {Count} WeChat vectors")]
    private static partial void LogVerified(ILogger logger, int count);
}
