"""The document pipeline: Word templates rendered in a sandbox (``render``), converted to PDF by a
supervised LibreOffice pool (``libreoffice``), merged and filled with pypdf (``pdf``), made in the
background (``jobs``) from contexts built out of the database (``contexts``, ``letters``)."""
