/**
 * The test lab: throwaway network namespace topologies for JUnit 5 tests on the host, and the
 * launcher for the VM that has a real IPVS kernel.
 */
package io.vigil.lab;
