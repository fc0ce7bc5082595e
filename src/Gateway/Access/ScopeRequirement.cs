using Microsoft.AspNetCore.Authorization;

namespace Gateway.Access;

/// <summary>The caller must be a configured client that may use the route's platform, holding <see cref="Scope"/> when set.</summary>
public sealed record ScopeRequirement(string? Scope) : IAuthorizationRequirement;
