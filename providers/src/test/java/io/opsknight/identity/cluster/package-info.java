/**
 * The cluster suite: two Keycloak nodes with our jars on one PostgreSQL database and a real
 * Infinispan cluster between them ({@code mvn verify -Pcluster}, docs/operations.md "Running a cluster"). Only the
 * {@code *ClusterIT} classes of this package run there; the default run leaves them out.
 * <ol>
 *   <li>sessions, deactivation, role changes across nodes: {@link io.opsknight.identity.cluster.SessionsClusterIT}</li>
 *   <li>invitations across nodes: {@link io.opsknight.identity.cluster.InvitationsClusterIT}</li>
 *   <li>setup race over both nodes: {@link io.opsknight.identity.cluster.SetupClusterIT}</li>
 *   <li>API tokens across nodes: {@link io.opsknight.identity.cluster.ApiTokensClusterIT}</li>
 *   <li>webhooks delivered exactly once although both nodes run senders:
 *       {@link io.opsknight.identity.cluster.WebhooksClusterIT}; the webhooks owed after a kill -9:
 *       {@link io.opsknight.identity.cluster.CrashClusterIT}</li>
 *   <li>kill -9 of node A during 200 invitations: {@link io.opsknight.identity.cluster.CrashClusterIT}</li>
 *   <li>no node-local state of ours: {@link io.opsknight.identity.cluster.NoNodeLocalStateTest} (default run)</li>
 * </ol>
 * Each class says which mechanism it fails without. {@code -Dit.cluster.cache=local} starts both nodes
 * with node-local caches (the negative control for the Infinispan mechanisms).
 */
package io.opsknight.identity.cluster;
