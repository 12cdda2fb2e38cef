"""`graphdoc diff OLD NEW`: what changed for SDK users between two doc trees of one API version.

The comparison works on two models, never on page bytes: between the 2020 and 2021 snapshots
almost every file changed, far fewer changed anything an SDK is made of. `changes` compares,
`breaking` decides what breaks a caller, `revisions` turns git revisions into folders,
`report` prints Markdown or JSON.
"""
