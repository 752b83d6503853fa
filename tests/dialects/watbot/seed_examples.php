<?
function removegetContacts($token) {
global $token; // доступ к глобальной переменной $token
$apiUrl = 'https://watbot.ru/api/v1/getContacts?api_token=' . $token . '';
// Создаем новый cURL ресурс
$ch = curl_init();
// Устанавливаем настройки cURL
curl_setopt($ch, CURLOPT_URL, $apiUrl);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
// Выполняем запрос
$response = curl_exec($ch);
// Закрываем cURL ресурс
curl_close($ch);
// Обрабатываем ответ
if ($response === false) {
// В случае ошибки
echo 'Ошибка при получении контактов.';
} else {
// В случае успеха
// Преобразуем полученные данные из JSON в ассоциативный массив
$contacts = json_decode($response, true);
// Выводим данные в формате JSON
echo json_encode($contacts);
}
}
// Вызываем функцию removeTagFromContact
removegetContacts($token);
?>
<?
function removeTagFromContact($token, $contact_id, $tag) {
global $token; // доступ к глобальной переменной
$apiUrl = 'https://watbot.ru/api/v1/detachTagFromContact?api_token=' . $token . '&contact_id=' . $contact_id . '&name=' .$tag.'';
// Создаем новый cURL ресурс
$ch = curl_init();
// Устанавливаем настройки cURL
curl_setopt($ch, CURLOPT_URL, $apiUrl);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
// Выполняем запрос
$response = curl_exec($ch);
// Закрываем cURL ресурс
curl_close($ch);
// Обрабатываем ответ
if ($response === false) {
// В случае ошибки
echo 'Ошибка при удалении тега контакта.';
} else {
// В случае успеха
// Преобразуем полученные данные из JSON в ассоциативный массив
$contacts = json_decode($response, true);
// Выводим данные в формате JSON
echo json_encode($contacts);
}
}
// Вызываем функцию removeTagFromContact
removeTagFromContact($token, $contact_id, $tag);
?>
<?
function getContactTags($token, $contact_id) {
global $token; //доступ к глобальной переменной
$apiUrl = 'https://watbot.ru/api/v1/getContactTags?contact_id=' . $contact_id . '&api_token=' . $token . '';
// Создаем новый cURL ресурс
$ch = curl_init();
// Устанавливаем настройки cURL
curl_setopt($ch, CURLOPT_URL, $apiUrl);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
// Выполняем запрос
$response = curl_exec($ch);
// Закрываем cURL ресурс
curl_close($ch);
// Обрабатываем ответ
if ($response === false) {
// В случае ошибки
echo 'Ошибка при получении тегов контакта.';
} else {
// В случае успеха
// Преобразуем полученные данные из JSON в ассоциативный массив
$contact = json_decode($response, true);
// Выводим данные в формате JSON
echo json_encode($contact);
}
}
// Вызываем функцию getContactTags
getContactTags($token, $contact_id);
?>
<?
function getContactVariables($contact_id) {
global $token; //доступ к глобальной переменной
$apiUrl = "https://watbot.ru/api/v1/getContactVariables?api_token=" . $token . "&contact_id=" . $contact_id;
$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, $apiUrl);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$response = curl_exec($ch);
curl_close($ch);
if ($response === false) {
echo 'Ошибка при получении списка переменных пользователя.';
} else {
$variables = json_decode($response, true);
}
}
//Вызываем функцию getContactVariables
getContactVariables($contact_id);
?>
<?
function setContactVariable($contact_id, $name, $value) {
global $token; //доступ к глобальной переменной
$apiUrl = "https://watbot.ru/api/v1/setContactVariable?api_token=" . $token . "&contact_id=" . $contact_id."&name=".$name."&value=".$value;
$data = array(
"contact_id" => $contact_id,
"name" => $name,
"value" => $value);
$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, $apiUrl);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_POSTFIELDS, $data);
$response = curl_exec($ch);
curl_close($ch);
if ($response === false) {
echo 'Ошибка при обновлении или создании переменной пользователя.';
} else {
$result = json_decode($response, true);
}
}
//Вызываем функцию setContactVariables
setContactVariable($contact_id, $name, $value);
?>
<?
function deleteContactVariable($contact_id, $name) {
global $token; //доступ к глобальной переменной
$apiUrl = "https://watbot.ru/api/v1/deleteContactVariable?api_token=" . $token . "&contact_id=" . $contact_id . "&name=" . $name;
$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, $apiUrl);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_CUSTOMREQUEST, "DELETE");
$response = curl_exec($ch);
curl_close($ch);
if ($response === false) {
echo 'Ошибка при удалении переменной пользователя.';
} else {
$result = json_decode($response, true);
}
}
//Вызываем функцию deleteContactVariables
deleteContactVariable($contact_id, $name);
?>
