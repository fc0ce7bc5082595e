// Silo, gateway and sandbox processes and PostgreSQL (see TestSupport.Tier).
[assembly: Trait(Tier.Name, Tier.Cluster)]
