/**
 * Passwords that top every leaked-password list (in several languages our users speak). The policy
 * also rejects anything containing the username or email, and anything too short.
 */
export const COMMON_PASSWORDS = new Set(
  `123456 123456789 12345678 password qwerty123 qwerty 1234567890 1234567 111111 123123 abc123 password1 iloveyou
  1q2w3e4r 000000 qwertyuiop 123321 654321 666666 121212 555555 7777777 987654321 1qaz2wsx zaq12wsx
  dragon monkey letmein football baseball welcome admin admin123 administrator login master shadow sunshine
  princess superman batman trustno1 passw0rd password123 password12 qwerty12 qwerty1234 asdfghjkl asdfgh
  zxcvbnm 1q2w3e 1q2w3e4r5t q1w2e3r4 aa123456 abcd1234 12qwaszx 1234qwer qazwsx michael jennifer
  hunter2 hello123 freedom whatever starwars pokemon charlie donald jordan23 liverpool chelsea arsenal
  contraseña contrasena contraseña1 contrasena1 contraseña123 contrasena123 teamo teamo123 tequiero
  mexico mexico123 america 12345 123456a a123456 holamundo hola1234 senha senha123 motdepasse
  azerty azerty123 passwort hallo123 parola parola123 пароль qwe123 qweasd qweasdzxc 123qwe
  perro perrito perro123 gato gatito gato123 doggy puppy puppy123 kitty kitten cat123 dog123
  iloveyou1 iloveyou2 loveyou lovely 11111111 00000000 12341234 11223344 112233 123654 987654
  changeme changeme123 default guest test test123 testing secret secret123 root toor
  petamigos petamigos123 mascota mascotas firulais`.split(/\s+/).filter(Boolean),
);
