// Everything here runs in process (see TestSupport.Tier).
[assembly: Trait(Tier.Name, Tier.Fast)]
