namespace Grains;

public static class GrainStorage
{
    /// <summary>
    /// The one grain storage provider: platform and account state, outboxes, dead letters, the key ring. Its name
    /// predates the messages and stays, since deployments' configuration and rows were written under it.
    /// </summary>
    public const string Name = "tokens";
}
