"""Word and letter knowledge shared by the stages: written once, used everywhere."""
