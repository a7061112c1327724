"""Readers of dev environments and machine provisioning: devcontainer, Gitpod, cloud-init, Salt."""
