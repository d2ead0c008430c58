; Inno Setup 6 script: installs the one-folder bundle dist\operator-desk\ (build.spec).
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\operator-desk.iss
; -> dist\operator-desk-0.1.0-setup.exe
;
; Silent install for IT (elevated):
;   operator-desk-0.1.0-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART
;       [/CONFIG="\\server\share\operator-desk.toml"] [/TASKS="autostart"] [/LOG="C:\Temp\od.log"]
; /CONFIG=FILE copies FILE to {commonappdata}\operator-desk\operator-desk.toml, the machine-wide
; settings file read before each operator's own (it may lock keys). Without /CONFIG an existing
; machine-wide file is left as it is; uninstalling never deletes it.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Operator Desk"
#define AppExe "operator-desk.exe"
#define SourceDir "..\..\dist\operator-desk"

[Setup]
AppId={{6B0F3D52-8C1E-4E7A-9B7C-0D5E2A4F6C11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Operator Desk
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=operator-desk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\operator-desk.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
VersionInfoVersion={#AppVersion}

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "ru"; MessagesFile: "compiler:Languages\Russian.isl"

[Tasks]
Name: "autostart"; Description: "Start Operator Desk when a user logs on"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The example with every key and its default, generated at build time (see README.md).
Source: "..\..\dist\operator-desk.toml.example"; DestDir: "{commonappdata}\operator-desk"; Flags: ignoreversion skipifsourcedoesntexist
; IT's machine-wide file, when given with /CONFIG=path (copied from outside the installer).
Source: "{code:ConfigSource}"; DestDir: "{commonappdata}\operator-desk"; DestName: "operator-desk.toml"; Flags: external ignoreversion; Check: HasConfig

[Dirs]
Name: "{commonappdata}\operator-desk"; Flags: uninsneveruninstall

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; All users (HKLM); the desk's own "start with the session" setting then adds no second entry.
Root: HKLM; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; \
  ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function ConfigSource(Param: String): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
end;

function HasConfig(): Boolean;
begin
  Result := ConfigSource('') <> '';
end;

function InitializeSetup(): Boolean;
var
  Config: String;
begin
  Result := True;
  Config := ConfigSource('');
  if (Config <> '') and not FileExists(Config) then
  begin
    Log('/CONFIG file not found: ' + Config);
    SuppressibleMsgBox('The configuration file given with /CONFIG was not found:' + #13#10 + Config,
      mbCriticalError, MB_OK, IDOK);
    Result := False;  { a silent install fails with exit code 1 rather than install unconfigured }
  end;
end;
