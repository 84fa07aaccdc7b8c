"""The documents formservice makes and sends: the registry of kinds (``kinds``) and the one way a
document is made (``make``): contexts from the database (``contexts``), Word templates rendered in a
sandbox (``render``), converted to PDF by a supervised LibreOffice pool (``libreoffice``, several
letters a call by ``combine``), split, merged and filled with pypdf (``pdf``), mailed (``mails``),
in the background (``jobs``) or a round at a time (``batch``)."""
