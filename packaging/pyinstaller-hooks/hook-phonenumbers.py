# Replaces pyinstaller-hooks-contrib's hook, which collects every phonenumbers submodule
# (geocoder, carrier and time-zone tables: ~45 MB the desk never reads). The desk parses,
# validates and formats numbers: it needs the metadata (phonenumbers.data, .shortdata),
# which phonenumbers imports by name per region.
from PyInstaller.utils.hooks import collect_submodules

_UNUSED = ("phonenumbers.geocoder", "phonenumbers.carrier", "phonenumbers.timezone",
           "phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata",
           "phonenumbers.prefix")

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda name: not name.startswith(_UNUSED))
