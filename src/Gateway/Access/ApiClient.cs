namespace Gateway.Access;

/// <summary>
/// A business service that may call <c>/api</c>: a full-access key of <c>Gateway:ApiKeys</c> or a scoped client of
/// <c>Gateway:Clients</c>, with the hex SHA-256 of its key. <see cref="Components"/> empty means every platform.
/// </summary>
public sealed record ApiClient(string Name, string KeySha256, IReadOnlySet<string> Components, IReadOnlySet<string> Scopes, double? PermitsPerSecond)
{
    public bool MayUse(string componentAppId) => Components.Count == 0 || Components.Contains(componentAppId);

    /// <summary>Not limited to some platforms: sees what concerns the whole deployment (the status page's clients).</summary>
    public bool MayUseEveryPlatform => Components.Count == 0;

    public bool Has(string scope) => Scopes.Contains(scope);
}
