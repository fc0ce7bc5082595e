namespace Grains.Bench;

/// <summary>The comparator: a grain call that returns a constant token, Orleans' own limit for this call shape.</summary>
public interface IConstantGrain : IGrainWithStringKey
{
    Task<AccessToken> GetTokenAsync();
}

public sealed class ConstantGrain : Grain, IConstantGrain
{
    private static readonly AccessToken Token = new(new string('x', 136), DateTimeOffset.UnixEpoch.AddYears(100));

    public Task<AccessToken> GetTokenAsync() => Task.FromResult(Token);
}
