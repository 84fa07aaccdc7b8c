"""The directorate's rules (Helsedirektoratet owns the schemes): splitting a scheme's national
budget into the offices' frames, and the national figures over every office's rounds."""
