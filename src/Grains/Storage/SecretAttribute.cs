namespace Grains.Storage;

/// <summary>Marks a grain state property (a ticket, token or refresh token) that is stored encrypted.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
